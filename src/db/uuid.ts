const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id in the database is a UUID: the one test of that shape, for ids from outside. */
export const isUuid = (value: string): boolean => UUID.test(value);
