import { migration001 } from "./001_initial.js";
import type { Migration } from "./migration.js";

/** Every migration, in order. A new one is a new file and one more entry here. */
export const MIGRATIONS: readonly Migration[] = [migration001];
