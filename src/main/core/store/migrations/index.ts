import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_channel';
import type { Migration } from './types';

// Imported statically: bundling breaks directory scans (STYLE.md). Append only.
export const migrations: readonly Migration[] = [migration0001, migration0002];

export type { Migration };
