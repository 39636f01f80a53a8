// The protected module: nothing in it mentions ImportSpy; the project configuration protects it.
export function query(sql) {
  return [{ sql, rows: 0 }];
}
