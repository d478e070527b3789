/*-------------------------------------------------------------------------
 *
 * hints.c
 *	  Parsing, validation and lookup of the pg_pilot.card_hints setting.
 *
 * Format: entries separated by ','; each entry is "<key>=<rows>".  <key> is
 * the list of relation aliases of a sub-plan, sorted in byte order (strcmp)
 * and separated by whitespace (the canonical form uses one space, e.g.
 * "b p u"); <rows> is a non-negative finite decimal number ("1000", "12.5",
 * "1e6").  Whitespace around entries, keys, aliases and '=' is ignored; an
 * empty (or all-blank) value means no hints.
 *
 * The check hook parses the whole value and rejects anything malformed with
 * an error that names the entry and its position.  The parsed hints are kept
 * in the GUC "extra" (one malloc'd block, sorted by key) and installed by the
 * assign hook, so planning only does a binary search.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/elog.h"
#include "utils/guc.h"

#include "pg_pilot.h"

/* GUC variables */
char	   *pilot_card_hints_string = NULL;
bool		pilot_enabled = true;

/* The hints in force: the "extra" of pg_pilot.card_hints, or NULL. */
static PilotHintSet *current_hints = NULL;

/* How much of an entry an error message quotes. */
#define MAX_QUOTED_BYTES 60

/* One entry while the value is being parsed. */
typedef struct ParsedHint
{
	char	   *key;			/* normalized key, palloc'd */
	double		rows;
	int			entry;			/* 1-based entry number */
	const char *start;			/* the entry's first non-blank byte */
	int			len;			/* its length without surrounding blanks */
} ParsedHint;

typedef struct HintParser
{
	const char *value;			/* the whole setting */
	ParsedHint *hints;
	int			nhints;
	int			maxhints;
} HintParser;

static inline bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\f' || c == '\v';
}

/* A quotable copy of [s, s+len): clipped at a character boundary. */
static char *
quote_text(const char *s, int len)
{
	int			clip;

	if (len <= MAX_QUOTED_BYTES)
		return pnstrdup(s, len);
	clip = pg_mbcliplen(s, len, MAX_QUOTED_BYTES);
	return psprintf("%s...", pnstrdup(s, clip));
}

/*
 * Report a malformed entry through the GUC check-hook error fields.  Always
 * returns false so that callers can "return hint_error(...)".
 */
static bool
hint_error(HintParser *ps, int entry, const char *start, int len,
		   const char *problem)
{
	int			charpos;

	/* 1-based character position of the entry in the whole value */
	charpos = pg_mbstrlen_with_len(ps->value, (int) (start - ps->value)) + 1;

	GUC_check_errmsg("invalid value for parameter \"%s\"",
					 "pg_pilot.card_hints");
	GUC_check_errdetail("Hint entry %d (\"%s\") at character %d: %s.",
						entry, quote_text(start, len), charpos, problem);
	GUC_check_errhint("Expected a comma-separated list of \"<aliases>=<rows>\" "
					  "entries, the aliases sorted in byte order and separated "
					  "by a space, the rows a non-negative finite number, "
					  "e.g. \"a b=1000, a=10\".");
	return false;
}

/* Compare two byte strings like strcmp() would compare their copies. */
static int
compare_bytes(const char *a, int alen, const char *b, int blen)
{
	int			c = memcmp(a, b, Min(alen, blen));

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/*
 * Parse the row count in [s, e) (already trimmed).  Returns NULL when it is
 * valid (*rows set) or a palloc'd description of the problem.
 *
 * Accepted: an optional '+', digits with an optional fraction (or a fraction
 * alone, ".5"), an optional exponent.  strtod() alone would also take "inf",
 * "nan", hexadecimal numbers and leading blanks; those are refused here.
 */
static char *
parse_rows(const char *s, const char *e, double *rows)
{
	const char *q = s;
	bool		negative = false;
	int			intdigits = 0;
	int			fracdigits = 0;
	char	   *copy;
	char	   *endptr;
	double		val;

	if (s == e)
		return pstrdup("the row count after \"=\" is missing");

	if (*q == '+' || *q == '-')
	{
		negative = (*q == '-');
		q++;
	}

	/* name the non-finite spellings strtod() would take */
	if ((e - q == 3 && pg_strncasecmp(q, "inf", 3) == 0) ||
		(e - q == 8 && pg_strncasecmp(q, "infinity", 8) == 0) ||
		(e - q == 3 && pg_strncasecmp(q, "nan", 3) == 0))
		return psprintf("the row count \"%s\" is not a finite number",
						quote_text(s, (int) (e - s)));

	while (q < e && *q >= '0' && *q <= '9')
	{
		q++;
		intdigits++;
	}
	if (q < e && *q == '.')
	{
		q++;
		while (q < e && *q >= '0' && *q <= '9')
		{
			q++;
			fracdigits++;
		}
	}
	if (intdigits + fracdigits > 0 && q < e && (*q == 'e' || *q == 'E'))
	{
		int			expdigits = 0;

		q++;
		if (q < e && (*q == '+' || *q == '-'))
			q++;
		while (q < e && *q >= '0' && *q <= '9')
		{
			q++;
			expdigits++;
		}
		if (expdigits == 0)
			q = NULL;			/* "1e", "1e+" */
	}
	if (q == NULL || q != e || intdigits + fracdigits == 0)
		return psprintf("the row count \"%s\" is not a valid number",
						quote_text(s, (int) (e - s)));
	if (negative)
		return psprintf("the row count \"%s\" is negative",
						quote_text(s, (int) (e - s)));

	copy = pnstrdup(s, e - s);
	errno = 0;
	val = strtod(copy, &endptr);
	if (*endptr != '\0')		/* cannot happen after the checks above */
		return psprintf("the row count \"%s\" is not a valid number",
						quote_text(s, (int) (e - s)));
	if (!isfinite(val))
		return psprintf("the row count \"%s\" is out of range",
						quote_text(s, (int) (e - s)));
	/* an underflow (1e-400) is a finite non-negative number: keep it */
	pfree(copy);
	*rows = val;
	return NULL;
}

/*
 * Parse one entry [start, end) (not trimmed).  Returns false after reporting
 * an error.
 */
static bool
parse_entry(HintParser *ps, int entry, const char *start, const char *end)
{
	const char *s = start;
	const char *e = end;
	const char *eq;
	const char *k;
	const char *key_end;
	const char *prev = NULL;
	int			prevlen = 0;
	StringInfoData key;
	ParsedHint *h;
	double		rows = 0.0;
	char	   *problem;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s == e)
		return hint_error(ps, entry, start, (int) (end - start),
						  "the entry is empty (a stray \",\"?)");

	eq = memchr(s, '=', e - s);
	if (eq == NULL)
		return hint_error(ps, entry, s, (int) (e - s),
						  "\"=\" between the key and the row count is missing");

	/* the key: whitespace-separated aliases, strictly increasing */
	key_end = eq;
	while (key_end > s && is_blank(key_end[-1]))
		key_end--;
	if (key_end == s)
		return hint_error(ps, entry, s, (int) (e - s),
						  "the key (the aliases before \"=\") is empty");

	initStringInfo(&key);
	k = s;
	while (k < key_end)
	{
		const char *a = k;
		int			alen;

		while (k < key_end && !is_blank(*k))
			k++;
		alen = (int) (k - a);
		if (prev != NULL)
		{
			int			c = compare_bytes(prev, prevlen, a, alen);

			if (c == 0)
				return hint_error(ps, entry, s, (int) (e - s),
								  psprintf("the alias \"%s\" appears twice in the key",
										   quote_text(a, alen)));
			if (c > 0)
				return hint_error(ps, entry, s, (int) (e - s),
								  psprintf("the aliases of the key are not sorted in byte order: "
										   "\"%s\" must come before \"%s\"",
										   quote_text(a, alen),
										   quote_text(prev, prevlen)));
			appendStringInfoChar(&key, ' ');
		}
		appendBinaryStringInfo(&key, a, alen);
		prev = a;
		prevlen = alen;
		while (k < key_end && is_blank(*k))
			k++;
	}

	/* the row count */
	{
		const char *r = eq + 1;

		while (r < e && is_blank(*r))
			r++;
		problem = parse_rows(r, e, &rows);
		if (problem != NULL)
			return hint_error(ps, entry, s, (int) (e - s), problem);
	}

	if (ps->nhints >= ps->maxhints)
	{
		ps->maxhints *= 2;
		ps->hints = repalloc(ps->hints, sizeof(ParsedHint) * ps->maxhints);
	}
	h = &ps->hints[ps->nhints++];
	h->key = key.data;
	h->rows = rows;
	h->entry = entry;
	h->start = s;
	h->len = (int) (e - s);
	return true;
}

static int
cmp_parsed_hints(const void *a, const void *b)
{
	const ParsedHint *ha = (const ParsedHint *) a;
	const ParsedHint *hb = (const ParsedHint *) b;
	int			c = strcmp(ha->key, hb->key);

	if (c != 0)
		return c;
	return (ha->entry > hb->entry) - (ha->entry < hb->entry);
}

/*
 * Check hook of pg_pilot.card_hints: parse and validate the whole value,
 * hand the parsed hints over in *extra.
 */
bool
pilot_card_hints_check(char **newval, void **extra, GucSource source)
{
	const char *value = *newval ? *newval : "";
	const char *p;
	HintParser	ps;
	PilotHintSet *set;
	Size		size;
	char	   *strings;
	int			entry;
	int			i;

	*extra = NULL;

	/* empty or all-blank: no hints (extra stays NULL) */
	for (p = value; *p && is_blank(*p); p++)
		;
	if (*p == '\0')
		return true;

	ps.value = value;
	ps.nhints = 0;
	ps.maxhints = 16;
	ps.hints = palloc(sizeof(ParsedHint) * ps.maxhints);

	p = value;
	for (entry = 1;; entry++)
	{
		const char *end = strchr(p, ',');

		if (end == NULL)
			end = p + strlen(p);
		if (!parse_entry(&ps, entry, p, end))
			return false;
		if (*end == '\0')
			break;
		p = end + 1;
	}

	/* sort by key; equal neighbours are duplicates */
	qsort(ps.hints, ps.nhints, sizeof(ParsedHint), cmp_parsed_hints);
	size = offsetof(PilotHintSet, hints) + sizeof(PilotHint) * ps.nhints;
	for (i = 0; i < ps.nhints; i++)
	{
		if (i > 0 && strcmp(ps.hints[i - 1].key, ps.hints[i].key) == 0)
		{
			ParsedHint *dup = &ps.hints[i];

			return hint_error(&ps, dup->entry, dup->start, dup->len,
							  psprintf("the key \"%s\" was already given in entry %d",
									   quote_text(dup->key, (int) strlen(dup->key)),
									   ps.hints[i - 1].entry));
		}
		size += strlen(ps.hints[i].key) + 1;
	}

	/* GUC extra must be malloc'd */
	set = (PilotHintSet *) malloc(size);
	if (set == NULL)
	{
		GUC_check_errcode(ERRCODE_OUT_OF_MEMORY);
		GUC_check_errmsg("out of memory");
		return false;
	}
	set->nhints = ps.nhints;
	strings = (char *) &set->hints[ps.nhints];
	for (i = 0; i < ps.nhints; i++)
	{
		size_t		len = strlen(ps.hints[i].key) + 1;

		memcpy(strings, ps.hints[i].key, len);
		set->hints[i].key = strings;
		set->hints[i].rows = ps.hints[i].rows;
		strings += len;
		pfree(ps.hints[i].key);
	}
	pfree(ps.hints);

	*extra = set;
	return true;
}

/* Assign hook: the parsed hints come ready in extra. */
void
pilot_card_hints_assign(const char *newval, void *extra)
{
	current_hints = (PilotHintSet *) extra;
}

bool
pilot_hints_present(void)
{
	return current_hints != NULL && current_hints->nhints > 0;
}

/* The hint for a sub-plan key, or NULL.  Binary search. */
const PilotHint *
pilot_hint_lookup(const char *key)
{
	int			lo;
	int			hi;

	if (current_hints == NULL)
		return NULL;
	lo = 0;
	hi = current_hints->nhints - 1;
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(key, current_hints->hints[mid].key);

		if (c == 0)
			return &current_hints->hints[mid];
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}
