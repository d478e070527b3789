/*-------------------------------------------------------------------------
 *
 * record.c
 *	  Sub-plan keys and the record of the sub-plans of the last planned
 *	  statement (pg_pilot_subplans()).
 *
 * While a top-level planner call runs, every base relation and join relation
 * the planner builds is recorded once, with its key, PostgreSQL's estimate
 * and the rows injected (if any).  Subqueries are planned inside the same
 * top-level call; they are recorded too, with their query level, so the
 * same key may appear more than once.  At the end of the call the record
 * replaces the "last" one only if it holds something, so that running
 * SELECT * FROM pg_pilot_subplans() does not overwrite what it is asked for.
 *
 * The record lives in two memory contexts under TopMemoryContext ("current"
 * and "last"), swapped at promotion and reset per statement.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/bitmapset.h"
#include "parser/parsetree.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "pg_pilot.h"

/* One recorded sub-plan. */
typedef struct PilotRecord
{
	char	   *key;
	int			nrels;
	int			level;			/* query level: 1 is the statement itself */
	double		planner_rows;	/* PostgreSQL's estimate */
	double		injected_rows;	/* NAN: nothing injected */
} PilotRecord;

typedef struct PilotRecordList
{
	PilotRecord *items;
	int			n;
	int			max;
} PilotRecordList;

/*
 * The (planner level, relation set) pairs already seen by the current
 * top-level planner call.  PlannerInfo pointers are stable during one
 * planner call (subroots are never freed before it ends); relids are copied
 * because GEQO frees its join relations between tries.
 */
typedef struct SeenKey
{
	PlannerInfo *root;
	Bitmapset  *relids;
} SeenKey;

typedef struct SeenEntry
{
	SeenKey		k;				/* hash key: must be first */
	PilotRelInfo info;
} SeenEntry;

static MemoryContext current_cxt = NULL;
static MemoryContext last_cxt = NULL;
static PilotRecordList current_list;
static PilotRecordList last_list;
static HTAB *seen = NULL;
static bool recording = false;

void
pilot_record_init(void)
{
	if (current_cxt != NULL)
		return;
	current_cxt = AllocSetContextCreate(TopMemoryContext,
										"pg_pilot current record",
										ALLOCSET_DEFAULT_SIZES);
	last_cxt = AllocSetContextCreate(TopMemoryContext,
									 "pg_pilot last record",
									 ALLOCSET_DEFAULT_SIZES);
	memset(&current_list, 0, sizeof(current_list));
	memset(&last_list, 0, sizeof(last_list));
}

/* Start recording a top-level planner call. */
void
pilot_record_begin(void)
{
	MemoryContextReset(current_cxt);
	memset(&current_list, 0, sizeof(current_list));
	seen = NULL;
	recording = true;
}

/*
 * Stop recording.  If promote (the planner call succeeded) and something was
 * recorded, the current record becomes the last one.
 */
void
pilot_record_end(bool promote)
{
	recording = false;
	seen = NULL;
	if (promote && current_list.n > 0)
	{
		MemoryContext tmp = last_cxt;

		last_cxt = current_cxt;
		last_list = current_list;
		current_cxt = tmp;
	}
	MemoryContextReset(current_cxt);
	memset(&current_list, 0, sizeof(current_list));
}

bool
pilot_record_active(void)
{
	return recording;
}

static int
cmp_strptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Can this alias be written in a hint key? */
static bool
alias_is_hintable(const char *alias)
{
	const char *p;

	if (*alias == '\0')
		return false;
	for (p = alias; *p; p++)
	{
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
			*p == '\f' || *p == '\v' || *p == ',' || *p == '=')
			return false;
	}
	return true;
}

/*
 * The key of a relation set: the aliases (rte->eref->aliasname) of its plain
 * base relations, sorted by strcmp and joined by single spaces.  Members that
 * are not base relations (outer-join relids on PG16+) are skipped.  Returns
 * NULL when the set has no key: it holds a base relation that is not a
 * plain table (subquery, function, VALUES, CTE...), or an alias that cannot
 * be written in a hint.  The result is palloc'd in CurrentMemoryContext.
 */
char *
pilot_rel_key(PlannerInfo *root, Relids relids, int *nrels)
{
	const char *stack_names[16];
	const char **names = stack_names;
	int			cap = bms_num_members(relids);
	int			n = 0;
	int			x = -1;
	Size		len = 0;
	char	   *key;
	char	   *p;
	int			i;

	*nrels = 0;
	if (cap > lengthof(stack_names))
		names = palloc(sizeof(char *) * cap);

	while ((x = bms_next_member(relids, x)) >= 0)
	{
		RangeTblEntry *rte;
		const char *alias;

		if (x <= 0 || x >= root->simple_rel_array_size)
			return NULL;
		if (root->simple_rel_array[x] == NULL)
			continue;			/* not a base relation: outer-join relid */
		rte = root->simple_rte_array[x];
		if (rte == NULL || rte->rtekind != RTE_RELATION ||
			rte->eref == NULL || rte->eref->aliasname == NULL)
			return NULL;
		alias = rte->eref->aliasname;
		if (!alias_is_hintable(alias))
			return NULL;
		names[n++] = alias;
		len += strlen(alias) + 1;
	}
	if (n == 0)
		return NULL;

	if (n > 1)
		qsort(names, n, sizeof(char *), cmp_strptr);
	key = palloc(len);
	p = key;
	for (i = 0; i < n; i++)
	{
		size_t		l = strlen(names[i]);

		if (i > 0)
			*p++ = ' ';
		memcpy(p, names[i], l);
		p += l;
	}
	*p = '\0';
	if (names != stack_names)
		pfree(names);
	*nrels = n;
	return key;
}

static uint32
seen_hash(const void *key, Size keysize)
{
	const SeenKey *k = (const SeenKey *) key;
	uint32		h = hash_bytes((const unsigned char *) &k->root, sizeof(k->root));

	return hash_combine(h, bms_hash_value(k->relids));
}

static int
seen_match(const void *key1, const void *key2, Size keysize)
{
	const SeenKey *a = (const SeenKey *) key1;
	const SeenKey *b = (const SeenKey *) key2;

	return (a->root == b->root && bms_equal(a->relids, b->relids)) ? 0 : 1;
}

static void
fill_info(PilotRelInfo *info, char *key, int nrels)
{
	const PilotHint *hint = key ? pilot_hint_lookup(key) : NULL;

	info->key = key;
	info->nrels = nrels;
	info->has_hint = (hint != NULL);
	info->hint_rows = hint ? hint->rows : 0.0;
	info->record = -1;
}

/*
 * What pg_pilot knows about a base or join relation: its key and its hint.
 * While recording (may_record: the hook runs in the outermost planner call
 * of a top-level statement), the relation is recorded the
 * first time it is seen, with rel->rows as PostgreSQL's estimate, and the
 * result is cached for later calls; otherwise the answer is computed into
 * *scratch.  Callers must not keep the result past the current hook call.
 */
PilotRelInfo *
pilot_record_rel(PlannerInfo *root, RelOptInfo *rel, PilotRelInfo *scratch,
				 bool may_record)
{
	SeenKey		k;
	SeenEntry  *entry;
	bool		found;
	MemoryContext old;
	char	   *key;
	int			nrels;

	if (!recording || !may_record)
	{
		key = pilot_rel_key(root, rel->relids, &nrels);
		fill_info(scratch, key, nrels);
		return scratch;
	}

	if (seen == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(SeenKey);
		ctl.entrysize = sizeof(SeenEntry);
		ctl.hash = seen_hash;
		ctl.match = seen_match;
		ctl.hcxt = current_cxt;
		seen = hash_create("pg_pilot seen relations", 256, &ctl,
						   HASH_ELEM | HASH_FUNCTION | HASH_COMPARE |
						   HASH_CONTEXT);
	}

	k.root = root;
	k.relids = rel->relids;
	entry = (SeenEntry *) hash_search(seen, &k, HASH_ENTER, &found);
	if (found)
		return &entry->info;

	old = MemoryContextSwitchTo(current_cxt);
	entry->k.relids = bms_copy(rel->relids);
	key = pilot_rel_key(root, rel->relids, &nrels);
	fill_info(&entry->info, key, nrels);
	if (key != NULL)
	{
		PilotRecord *r;

		if (current_list.n >= current_list.max)
		{
			current_list.max = current_list.max ? current_list.max * 2 : 64;
			current_list.items = current_list.items ?
				repalloc(current_list.items,
						 sizeof(PilotRecord) * current_list.max) :
				palloc(sizeof(PilotRecord) * current_list.max);
		}
		r = &current_list.items[current_list.n];
		r->key = key;
		r->nrels = nrels;
		r->level = (int) root->query_level;
		r->planner_rows = rel->rows;
		r->injected_rows = NAN;
		entry->info.record = current_list.n++;
	}
	MemoryContextSwitchTo(old);
	return &entry->info;
}

/* Note the rows injected into a recorded relation. */
void
pilot_record_injected(PilotRelInfo *info, double rows)
{
	if (recording && info->record >= 0 && info->record < current_list.n)
		current_list.items[info->record].injected_rows = rows;
}

/* ---- SQL functions ---- */

static int
cmp_records(const void *a, const void *b)
{
	const PilotRecord *ra = *(const PilotRecord *const *) a;
	const PilotRecord *rb = *(const PilotRecord *const *) b;
	int			c;

	if (ra->nrels != rb->nrels)
		return (ra->nrels > rb->nrels) - (ra->nrels < rb->nrels);
	c = strcmp(ra->key, rb->key);
	if (c != 0)
		return c;
	if (ra->level != rb->level)
		return (ra->level > rb->level) - (ra->level < rb->level);
	/* keep recording order last: pointers into one array */
	return (ra > rb) - (ra < rb);
}

PG_FUNCTION_INFO_V1(pg_pilot_subplans);

/*
 * pg_pilot_subplans() RETURNS TABLE(key text, relations int,
 *		planner_rows float8, injected_rows float8, level int)
 */
Datum
pg_pilot_subplans(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PilotRecord **sorted;
	int			n = last_list.n;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	if (n == 0)
		return (Datum) 0;

	sorted = palloc(sizeof(PilotRecord *) * n);
	for (i = 0; i < n; i++)
		sorted[i] = &last_list.items[i];
	qsort(sorted, n, sizeof(PilotRecord *), cmp_records);

	for (i = 0; i < n; i++)
	{
		PilotRecord *r = sorted[i];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = CStringGetTextDatum(r->key);
		values[1] = Int32GetDatum(r->nrels);
		values[2] = Float8GetDatum(r->planner_rows);
		if (isnan(r->injected_rows))
			nulls[3] = true;
		else
			values[3] = Float8GetDatum(r->injected_rows);
		values[4] = Int32GetDatum(r->level);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc,
							 values, nulls);
	}
	return (Datum) 0;
}
