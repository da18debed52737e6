import type { MethodInput } from '../../../../shared/contract';

export type VoterSort = NonNullable<MethodInput<'listVoters'>['sort']>;
export type SortDirection = NonNullable<MethodInput<'listVoters'>['direction']>;
