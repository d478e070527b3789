--
-- pg_pilot.card_hints: accepted values, and the error for each kind of
-- malformed value (the previous value stays in force after an error).
--
LOAD 'pg_pilot';
SHOW pg_pilot.card_hints;
SHOW pg_pilot.enabled;

-- accepted
SET pg_pilot.card_hints = '';
SET pg_pilot.card_hints = '   ';
SET pg_pilot.card_hints = 'a=1';
SET pg_pilot.card_hints = ' a b = 12.5 ,a=0, b=1e6,c=.5,d=7.,e=+3,f=1E-3,g=1e+2 ';
SHOW pg_pilot.card_hints;
SET pg_pilot.card_hints = E'a   b=1,\tc\nd = 2';   -- any blanks between aliases
SET pg_pilot.card_hints = 'B a=1';                -- byte order: 'B' < 'a'
SET pg_pilot.card_hints = 'z é=1, $x Z_9=2';      -- 'z' < 'é', '$' < 'Z' in bytes
SET pg_pilot.card_hints = 'a=1.7976931348623157e308, b=1e-400, c=007';
SET pg_pilot.card_hints = 'a b c d e f g h i j k l m n o p q=123456789';
SET LOCAL pg_pilot.card_hints = 'x=1';            -- outside a transaction: warning only
BEGIN;
SET LOCAL pg_pilot.card_hints = 'x=2';
SHOW pg_pilot.card_hints;
COMMIT;
SHOW pg_pilot.card_hints;

-- malformed: missing "=", empty key or rows
SET pg_pilot.card_hints = 'a';
SET pg_pilot.card_hints = 'a 1';
SET pg_pilot.card_hints = '=1';
SET pg_pilot.card_hints = '  = 1';
SET pg_pilot.card_hints = 'a=';
SET pg_pilot.card_hints = 'a=1=2';
-- empty entries
SET pg_pilot.card_hints = 'a=1,';
SET pg_pilot.card_hints = ',a=1';
SET pg_pilot.card_hints = 'a=1,,b=2';
SET pg_pilot.card_hints = 'a=1, ,b=2';
SET pg_pilot.card_hints = '=,,=';
SET pg_pilot.card_hints = ',';
-- aliases not sorted or repeated
SET pg_pilot.card_hints = 'b a=1';
SET pg_pilot.card_hints = 'a c b=1';
SET pg_pilot.card_hints = 'a B=1';
SET pg_pilot.card_hints = 'a a=1';
SET pg_pilot.card_hints = 'a b b=1';
-- duplicate keys (also after normalizing blanks)
SET pg_pilot.card_hints = 'a=1, b=2, a=3';
SET pg_pilot.card_hints = 'a b=1, a   b=2';
-- bad row counts
SET pg_pilot.card_hints = 'a=-1';
SET pg_pilot.card_hints = 'a=-0';
SET pg_pilot.card_hints = 'a=NaN';
SET pg_pilot.card_hints = 'a=inf';
SET pg_pilot.card_hints = 'a=-Infinity';
SET pg_pilot.card_hints = 'a=1e400';
SET pg_pilot.card_hints = 'a=0x10';
SET pg_pilot.card_hints = 'a=1 2';
SET pg_pilot.card_hints = 'a=1e';
SET pg_pilot.card_hints = 'a=.';
SET pg_pilot.card_hints = 'a=+';
SET pg_pilot.card_hints = 'a=1,5';
SET pg_pilot.card_hints = 'a=ten';
-- the position is counted in characters; long entries are clipped
SET pg_pilot.card_hints = 'é=1, ü=2, ö';
SELECT set_config('pg_pilot.card_hints', 'a=1, ' || repeat('x', 100) || ' y=oops', false);

-- the value from before the errors is still in force
SHOW pg_pilot.card_hints;

-- SQLSTATE 22023 (invalid_parameter_value)
DO $$
BEGIN
  PERFORM set_config('pg_pilot.card_hints', 'a', false);
EXCEPTION WHEN invalid_parameter_value THEN
  RAISE NOTICE 'rejected with SQLSTATE %', SQLSTATE;
END
$$;

-- thousands of entries
SELECT set_config('pg_pilot.card_hints',
                  string_agg(format('t%s u%s=%s', lpad(i::text, 5, '0'),
                                    lpad(i::text, 5, '0'), i), ', '),
                  false) IS NOT NULL AS accepted
FROM generate_series(1, 5000) i;
SELECT length(current_setting('pg_pilot.card_hints'));
RESET pg_pilot.card_hints;
SHOW pg_pilot.card_hints;

-- pg_pilot.enabled, and the reserved prefix
SET pg_pilot.enabled = off;
SHOW pg_pilot.enabled;
RESET pg_pilot.enabled;
SET pg_pilot.no_such_setting = 1;
