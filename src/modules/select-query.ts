/**
 * What a mutation's service returns its row with: the payload's GraphQL selection as Pothos plans it
 * (`payloadQuery` in payload.ts), for a type in select mode. Reading or writing the row with it loads
 * what the client asked for and no more (no large JSON echoed back unasked), and Pothos answers the
 * payload from that row without a second read. Empty when a service is called from elsewhere.
 */
export interface SelectQuery<Select> {
  select?: Select;
}

/** `query` plus the columns the service itself reads from the row, whatever the client selected. */
export function selectingAlso<Select extends object>(query: SelectQuery<Select>, columns: Select): SelectQuery<Select> {
  return query.select ? { select: { ...query.select, ...columns } } : {};
}
