import { api, cached, useAsync } from '../data'

/**
 * Display names by login, from the scheme's people list (GET /api/duty/:id/contacts). A user who
 * may not read it sees logins: the print still works.
 */
export function usePeople(schemeId: string | undefined): (login: string) => string {
  const people = useAsync(
    () =>
      schemeId
        ? cached(`people:${schemeId}`, async () => {
            const r = (await api.client.request('get', '/api/duty/:id/contacts', { params: { id: schemeId } })) as {
              items: Array<{ username: string; name: string }>
            }
            return new Map(r.items.map((p) => [p.username, p.name]))
          }).catch(() => new Map<string, string>())
        : Promise.resolve(new Map<string, string>()),
    [schemeId],
  )
  const map = people.data
  return (login: string) => map?.get(login) ?? login
}
