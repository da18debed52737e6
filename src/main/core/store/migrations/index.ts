import { migration0001 } from './0001_initial';
import { migration0002 } from './0002_channel';
import { migration0003 } from './0003_desk';
import { migration0004 } from './0004_analytics';
import { migration0005 } from './0005_rollups';
import type { Migration } from './types';

// Imported statically: bundling breaks directory scans (STYLE.md). Append only.
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
];

export type { Migration };
