/** Every TypeORM entity of the server, in one list that the data source loads. */
export const entities: Function[] = [];
