import { migration0001 } from './0001_initial';
import type { Migration } from './types';

// Imported statically: bundling breaks directory scans (STYLE.md). Append only.
export const migrations: readonly Migration[] = [migration0001];

export type { Migration };
