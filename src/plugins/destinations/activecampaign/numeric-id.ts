/** An id as request bodies carry it: a number when it is numeric (the API's own examples), else as given. */
export function bodyId(id: string): number | string {
  return /^\d+$/.test(id) ? Number(id) : id;
}
