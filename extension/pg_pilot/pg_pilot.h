/*-------------------------------------------------------------------------
 *
 * pg_pilot.h
 *	  Shared declarations of the pg_pilot extension: cardinality hints
 *	  (hints.c), planner hooks (hooks.c) and the sub-plan record (record.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_PILOT_H
#define PG_PILOT_H

#include "postgres.h"

#include "nodes/pathnodes.h"
#include "utils/guc.h"

#define PG_PILOT_VERSION "0.1"

/* ---- hints.c ---- */

/*
 * One parsed hint: a sub-plan key (sorted, single-space-separated aliases)
 * and the row count to inject.
 */
typedef struct PilotHint
{
	const char *key;
	double		rows;
} PilotHint;

/*
 * The parsed value of pg_pilot.card_hints.  It is one malloc'd block (the
 * GUC "extra" of the setting): the header, the hints sorted by key (strcmp
 * order) and then the key strings the hints point to.
 */
typedef struct PilotHintSet
{
	int			nhints;
	PilotHint	hints[FLEXIBLE_ARRAY_MEMBER];
} PilotHintSet;

extern char *pilot_card_hints_string;
extern bool pilot_enabled;

extern bool pilot_card_hints_check(char **newval, void **extra,
								   GucSource source);
extern void pilot_card_hints_assign(const char *newval, void *extra);
extern bool pilot_hints_present(void);
extern const PilotHint *pilot_hint_lookup(const char *key);

/* ---- hooks.c ---- */

extern void pilot_install_hooks(void);

/* ---- record.c ---- */

/* A sub-plan as the planner saw it; see pilot_record_rel(). */
typedef struct PilotRelInfo
{
	const char *key;			/* NULL: the rel has no key (never hinted) */
	int			nrels;			/* number of relations in the key */
	bool		has_hint;		/* a hint exists for key */
	double		hint_rows;		/* the hint's rows (unclamped) */
	int			record;			/* index into the current record, or -1 */
} PilotRelInfo;

extern void pilot_record_init(void);
extern void pilot_record_begin(void);
extern void pilot_record_end(bool promote);
extern bool pilot_record_active(void);
extern PilotRelInfo *pilot_record_rel(PlannerInfo *root, RelOptInfo *rel,
									  PilotRelInfo *scratch, bool may_record);
extern void pilot_record_injected(PilotRelInfo *info, double rows);
extern char *pilot_rel_key(PlannerInfo *root, Relids relids, int *nrels);

#endif							/* PG_PILOT_H */
