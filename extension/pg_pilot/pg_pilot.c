/*-------------------------------------------------------------------------
 *
 * pg_pilot.c
 *	  Entry point of the pg_pilot extension: settings, hooks, version.
 *
 * pg_pilot injects row estimates ("cardinalities") of sub-plans into the
 * PostgreSQL planner, without a patched server, and records the estimates
 * the planner made for the sub-plans of the last planned statement.  It can
 * be loaded with shared_preload_libraries or LOAD.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "pg_pilot.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomStringVariable("pg_pilot.card_hints",
							   "Row counts to inject into the planner, per sub-plan.",
							   "A comma-separated list of \"<aliases>=<rows>\" entries; "
							   "<aliases> are the relation aliases of a sub-plan sorted in "
							   "byte order and separated by a space.",
							   &pilot_card_hints_string,
							   "",
							   PGC_USERSET,
							   0,
							   pilot_card_hints_check,
							   pilot_card_hints_assign,
							   NULL);

	DefineCustomBoolVariable("pg_pilot.enabled",
							 "Inject the row counts of pg_pilot.card_hints.",
							 "When off, the hints are kept but not applied; "
							 "sub-plans are still recorded.",
							 &pilot_enabled,
							 true,
							 PGC_USERSET,
							 0,
							 NULL,
							 NULL,
							 NULL);

	MarkGUCPrefixReserved("pg_pilot");

	pilot_record_init();
	pilot_install_hooks();
}

PG_FUNCTION_INFO_V1(pg_pilot_version);

Datum
pg_pilot_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PG_PILOT_VERSION));
}
