/*-------------------------------------------------------------------------
 *
 * hooks.c
 *	  Planner hooks of pg_pilot: inject row counts into base and join
 *	  relations, and keep the sub-plan record up to date.
 *
 * Base relations (set_rel_pathlist_hook): the paths are already built, and
 * their costs do not depend on the relation's output rows, so rel->rows and
 * the rows of every path (partial and parameterized ones included) are
 * scaled by injected/estimated.
 *
 * Join relations (set_join_pathlist_hook): the hook runs at the end of
 * add_paths_to_joinrel(), once per (outer, inner, jointype) tried for the
 * join relation.  Join paths read joinrel->rows while they are costed, so
 * when the hook first sees a hinted join relation, the paths of that first
 * pair were costed with the old estimate.  We then set joinrel->rows, drop
 * those paths and run add_paths_to_joinrel() again for the same pair (our
 * hook does nothing during that run but call the previous hook).  Later
 * pairs are costed with the injected rows from the start.
 *
 * Everything is done before the previous hook is called, so extensions that
 * add paths in these hooks after calling the previous one (PG-Strom) see the
 * injected rows whatever the order in shared_preload_libraries.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/executor.h"
#include "nodes/pathnodes.h"
#include "optimizer/optimizer.h"
#include "optimizer/pathnode.h"
#include "optimizer/paths.h"
#include "optimizer/planner.h"

#include "pg_pilot.h"

static planner_hook_type prev_planner_hook = NULL;
static set_rel_pathlist_hook_type prev_set_rel_pathlist_hook = NULL;
static set_join_pathlist_hook_type prev_set_join_pathlist_hook = NULL;
static ExecutorRun_hook_type prev_ExecutorRun = NULL;
static ExecutorFinish_hook_type prev_ExecutorFinish = NULL;

/* Nesting of planner() calls; 1 inside the outermost one. */
static int	planner_depth = 0;

/* Nesting of executor runs; planning inside them is not a new statement. */
static int	executor_depth = 0;

/* The join relation whose paths are being rebuilt, or NULL. */
static RelOptInfo *rebuilding_joinrel = NULL;

/* Record only in the outermost planner call of a top-level statement. */
static inline bool
may_record(void)
{
	return planner_depth == 1 && pilot_record_active();
}

/* ---- statement boundaries ---- */

static PlannedStmt *
pilot_planner(Query *parse, const char *query_string, int cursorOptions,
			  ParamListInfo boundParams)
{
	bool		toplevel = (planner_depth == 0 && executor_depth == 0);
	PlannedStmt *result;

	if (planner_depth == 0)
		rebuilding_joinrel = NULL;	/* paranoia: never left set */
	if (toplevel)
		pilot_record_begin();

	planner_depth++;
	PG_TRY();
	{
		if (prev_planner_hook)
			result = prev_planner_hook(parse, query_string, cursorOptions,
									   boundParams);
		else
			result = standard_planner(parse, query_string, cursorOptions,
									  boundParams);
	}
	PG_CATCH();
	{
		planner_depth--;
		if (toplevel)
			pilot_record_end(false);
		PG_RE_THROW();
	}
	PG_END_TRY();
	planner_depth--;

	if (toplevel)
		pilot_record_end(true);
	return result;
}

static void
pilot_ExecutorRun(QueryDesc *queryDesc, ScanDirection direction,
				  uint64 count, bool execute_once)
{
	executor_depth++;
	PG_TRY();
	{
		if (prev_ExecutorRun)
			prev_ExecutorRun(queryDesc, direction, count, execute_once);
		else
			standard_ExecutorRun(queryDesc, direction, count, execute_once);
	}
	PG_FINALLY();
	{
		executor_depth--;
	}
	PG_END_TRY();
}

static void
pilot_ExecutorFinish(QueryDesc *queryDesc)
{
	executor_depth++;
	PG_TRY();
	{
		if (prev_ExecutorFinish)
			prev_ExecutorFinish(queryDesc);
		else
			standard_ExecutorFinish(queryDesc);
	}
	PG_FINALLY();
	{
		executor_depth--;
	}
	PG_END_TRY();
}

/* ---- scaling ---- */

static void
scale_path_rows(Path *path, double ratio)
{
	path->rows = clamp_row_est(path->rows * ratio);
}

/*
 * Scale the row estimates of the parameterized-path infos of a relation.
 * Paths with a param_info have rows == ppi_rows, and several paths share one
 * ParamPathInfo: scale each info once, the paths themselves separately.
 */
static void
scale_ppilist(RelOptInfo *rel, double ratio)
{
	ListCell   *lc;

	foreach(lc, rel->ppilist)
	{
		ParamPathInfo *ppi = (ParamPathInfo *) lfirst(lc);

		ppi->ppi_rows = clamp_row_est(ppi->ppi_rows * ratio);
	}
}

/* Scale a relation whose paths are built: rows, paths, ppilist. */
static void
scale_rel(RelOptInfo *rel, double ratio)
{
	ListCell   *lc;

	rel->rows = clamp_row_est(rel->rows * ratio);
	foreach(lc, rel->pathlist)
		scale_path_rows((Path *) lfirst(lc), ratio);
	foreach(lc, rel->partial_pathlist)
		scale_path_rows((Path *) lfirst(lc), ratio);
	scale_ppilist(rel, ratio);
}

/*
 * Scale the members of an append relation (partitions, inheritance
 * children), recursively.  Needed because for a partitioned table the
 * planner later drops the parent's Append paths and rebuilds them from the
 * members (apply_scanjoin_target_to_paths), summing the members' rows.
 */
static void
scale_append_members(PlannerInfo *root, RelOptInfo *parent, double ratio)
{
	ListCell   *lc;

	foreach(lc, root->append_rel_list)
	{
		AppendRelInfo *appinfo = (AppendRelInfo *) lfirst(lc);
		RelOptInfo *child;

		if (appinfo->parent_relid != parent->relid ||
			appinfo->child_relid >= (Index) root->simple_rel_array_size)
			continue;
		child = root->simple_rel_array[appinfo->child_relid];
		if (child == NULL || IS_DUMMY_REL(child))
			continue;
		scale_rel(child, ratio);
		scale_append_members(root, child, ratio);
	}
}

/* Inject rows into a base relation whose paths are built. */
static void
inject_baserel(PlannerInfo *root, RelOptInfo *rel, RangeTblEntry *rte,
			   double rows)
{
	double		oldrows = rel->rows > 0 ? rel->rows : 1.0;
	double		ratio = rows / oldrows;

	scale_rel(rel, ratio);
	rel->rows = rows;			/* exactly, whatever the rounding */
	if (rte->inh)
		scale_append_members(root, rel, ratio);
}

/*
 * Was this path made by add_paths_to_joinrel() for (outerrel, innerrel,
 * jointype)?  Unique-ified joins (JOIN_UNIQUE_*) build JOIN_INNER paths.
 */
static bool
path_is_from_pair(Path *path, RelOptInfo *outerrel, RelOptInfo *innerrel,
				  JoinType jointype)
{
	JoinPath   *jp;

	if (!IsA(path, NestPath) && !IsA(path, MergePath) && !IsA(path, HashPath))
		return false;
	jp = (JoinPath *) path;
	if (jointype == JOIN_UNIQUE_OUTER || jointype == JOIN_UNIQUE_INNER)
		jointype = JOIN_INNER;
	return jp->jointype == jointype &&
		jp->outerjoinpath != NULL && jp->outerjoinpath->parent == outerrel &&
		jp->innerjoinpath != NULL && jp->innerjoinpath->parent == innerrel;
}

/*
 * Run add_paths_to_joinrel() again for a pair.  It calls
 * set_join_pathlist_hook at its end; our hook then only passes the call on
 * to the previous hook (see pilot_set_join_pathlist).
 */
static void
rerun_pair(PlannerInfo *root, RelOptInfo *joinrel, RelOptInfo *outerrel,
		   RelOptInfo *innerrel, JoinType jointype, JoinPathExtraData *extra)
{
	rebuilding_joinrel = joinrel;
	PG_TRY();
	{
		add_paths_to_joinrel(root, joinrel, outerrel, innerrel, jointype,
							 extra->sjinfo, extra->restrictlist);
	}
	PG_FINALLY();
	{
		rebuilding_joinrel = NULL;
	}
	PG_END_TRY();
}

/*
 * Inject rows into a join relation and rebuild the paths that the current
 * (outer, inner, jointype) pair made with the old estimate.
 *
 * Only the paths this pair made are dropped: they are regenerated by
 * calling add_paths_to_joinrel() again.  Any other path (a foreign join
 * path, which postgres_fdw adds only once per join relation, a custom path,
 * or a path of an earlier pair in case someone else changed joinrel->rows
 * in between) is kept, its rows scaled, and offered again to add_path().
 */
static void
inject_joinrel(PlannerInfo *root, RelOptInfo *joinrel, RelOptInfo *outerrel,
			   RelOptInfo *innerrel, JoinType jointype,
			   JoinPathExtraData *extra, double rows)
{
	double		oldrows = joinrel->rows > 0 ? joinrel->rows : 1.0;
	double		ratio = rows / oldrows;
	List	   *keep = NIL;
	List	   *keep_partial = NIL;
	ListCell   *lc;

	foreach(lc, joinrel->pathlist)
	{
		Path	   *path = (Path *) lfirst(lc);

		if (!path_is_from_pair(path, outerrel, innerrel, jointype))
			keep = lappend(keep, path);
	}
	foreach(lc, joinrel->partial_pathlist)
	{
		Path	   *path = (Path *) lfirst(lc);

		if (!path_is_from_pair(path, outerrel, innerrel, jointype))
			keep_partial = lappend(keep_partial, path);
	}

	/* set_cheapest() has not run for a join relation under construction */
	joinrel->pathlist = NIL;
	joinrel->partial_pathlist = NIL;
	joinrel->cheapest_startup_path = NULL;
	joinrel->cheapest_total_path = NULL;
	joinrel->cheapest_unique_path = NULL;
	joinrel->cheapest_parameterized_paths = NIL;

	joinrel->rows = rows;
	scale_ppilist(joinrel, ratio);

	rerun_pair(root, joinrel, outerrel, innerrel, jointype, extra);

	foreach(lc, keep)
	{
		Path	   *path = (Path *) lfirst(lc);

		scale_path_rows(path, ratio);
		add_path(joinrel, path);
	}
	foreach(lc, keep_partial)
	{
		Path	   *path = (Path *) lfirst(lc);

		scale_path_rows(path, ratio);
		add_partial_path(joinrel, path);
	}
}

/* ---- path hooks ---- */

static void
pilot_set_rel_pathlist(PlannerInfo *root, RelOptInfo *rel, Index rti,
					   RangeTblEntry *rte)
{
	/* appendrel children (RELOPT_OTHER_MEMBER_REL) carry no hint */
	if (rel->reloptkind == RELOPT_BASEREL && rte->rtekind == RTE_RELATION &&
		(pilot_hints_present() || may_record()))
	{
		PilotRelInfo scratch;
		PilotRelInfo *info = pilot_record_rel(root, rel, &scratch,
											  may_record());

		if (pilot_enabled && info->has_hint && !IS_DUMMY_REL(rel))
		{
			double		rows = clamp_row_est(info->hint_rows);

			if (rel->rows != rows)
				inject_baserel(root, rel, rte, rows);
			pilot_record_injected(info, rows);
		}
	}

	if (prev_set_rel_pathlist_hook)
		prev_set_rel_pathlist_hook(root, rel, rti, rte);
}

static void
pilot_set_join_pathlist(PlannerInfo *root, RelOptInfo *joinrel,
						RelOptInfo *outerrel, RelOptInfo *innerrel,
						JoinType jointype, JoinPathExtraData *extra)
{
	/*
	 * Partitionwise child joins (RELOPT_OTHER_JOINREL) carry no hint, and
	 * while we rebuild a join relation's paths we only pass the call on.
	 */
	if (joinrel->reloptkind == RELOPT_JOINREL &&
		joinrel != rebuilding_joinrel &&
		(pilot_hints_present() || may_record()))
	{
		PilotRelInfo scratch;
		PilotRelInfo *info = pilot_record_rel(root, joinrel, &scratch,
											  may_record());

		if (pilot_enabled && info->has_hint && !IS_DUMMY_REL(joinrel))
		{
			double		rows = clamp_row_est(info->hint_rows);

			pilot_record_injected(info, rows);

			/*
			 * rows differ: this is the first pair seen for this join relation
			 * (GEQO builds join relations afresh for every try, so they are
			 * seen afresh too).  The rebuild calls the previous hook.
			 */
			if (joinrel->rows != rows)
			{
				inject_joinrel(root, joinrel, outerrel, innerrel, jointype,
							   extra, rows);
				return;
			}
		}
	}

	if (prev_set_join_pathlist_hook)
		prev_set_join_pathlist_hook(root, joinrel, outerrel, innerrel,
									jointype, extra);
}

void
pilot_install_hooks(void)
{
	prev_planner_hook = planner_hook;
	planner_hook = pilot_planner;
	prev_set_rel_pathlist_hook = set_rel_pathlist_hook;
	set_rel_pathlist_hook = pilot_set_rel_pathlist;
	prev_set_join_pathlist_hook = set_join_pathlist_hook;
	set_join_pathlist_hook = pilot_set_join_pathlist;
	prev_ExecutorRun = ExecutorRun_hook;
	ExecutorRun_hook = pilot_ExecutorRun;
	prev_ExecutorFinish = ExecutorFinish_hook;
	ExecutorFinish_hook = pilot_ExecutorFinish;
}
