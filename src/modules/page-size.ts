/**
 * Page sizes every connection shares. They sit apart from connection.ts so that the builder (which
 * describes `first` and `last` with them) and the connection helpers (which build on the builder)
 * can both read them without importing each other.
 */

/** The largest page a connection serves (SPEC §6). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
