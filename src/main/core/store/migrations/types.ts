/** One schema step. `up` is SQL run inside its own transaction; never edit one that has landed. */
export interface Migration {
  version: number;
  name: string;
  up: string;
}
