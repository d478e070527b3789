/**
 * MSCN (Kipf et al., CIDR 2019, "Learned Cardinalities"): a multi-set convolutional network that
 * estimates the rows of every sub-plan from its tables (with sample bitmaps), joins and
 * predicates; the estimates are pushed into PostgreSQL's planner through pg_pilot.
 */
import type { AlgorithmDefinition } from '../algorithm.js';
import { loadMscn, MscnInstance } from './mscn-instance.js';
import { MSCN_PARAMS_SCHEMA } from './mscn-params.js';

export const mscn: AlgorithmDefinition = {
  name: 'mscn',
  description: 'MSCN learned cardinalities (set convolutions over tables with sample bitmaps, joins and predicates); pushes an estimate for every sub-plan',
  paramsSchema: MSCN_PARAMS_SCHEMA,
  requiredData: ['trueCardinalities'],
  create: (params, runtime) => new MscnInstance(params, runtime),
  load: loadMscn,
};

export { MscnInstance, loadMscn } from './mscn-instance.js';
export { MSCN_DEFAULT_PARAMS, MSCN_PARAMS_SCHEMA, type MscnParams } from './mscn-params.js';
export { MscnFeaturizer } from './featurizer.js';
