// Wrong calls, one per line, each marked `@ts-expect-error`: `tsc` fails if any of
// them is NOT an error (an unused directive is itself an error).
import { XanoClient, checkAccess, decodeToken, minimalScopes, auditToken, type CallOptions, type GetWorkspaceTableResponse } from 'xano-meta';

export async function wrong(xano: XanoClient): Promise<void> {
  // @ts-expect-error missing required path parameter `workspace_id`
  await xano.getWorkspaceTable({ page: 1 });
  // @ts-expect-error `workspace_id` must be a number
  await xano.getWorkspaceTable({ workspace_id: '1' });
  // @ts-expect-error misspelled operation
  await xano.getWorkspaceTables({ workspace_id: 1 });
  // @ts-expect-error unknown parameter
  await xano.getWorkspaceTable({ workspace_id: 1, pages: 2 });
  // @ts-expect-error enum value outside the spec's list
  await xano.getWorkspaceTable({ workspace_id: 1, order: 'up' });
  // @ts-expect-error wrong body field type (`auth` is a boolean)
  await xano.postWorkspaceTable({ workspace_id: 1, body: { name: 'x', auth: 'yes' } });
  // @ts-expect-error missing required body field `name`
  await xano.postWorkspaceTable({ workspace_id: 1, body: { description: 'no name' } });
  // @ts-expect-error a body on an operation that takes none
  await xano.getWorkspaceTable({ workspace_id: 1, body: {} });
  // @ts-expect-error a file body must be a Blob or bytes
  await xano.postWorkspaceFile({ workspace_id: 1, body: { content: 'not a file' } });
  // @ts-expect-error required parameters cannot be omitted entirely
  await xano.getWorkspaceTable();
  // @ts-expect-error unknown call option
  await xano.getWorkspace(undefined, { retries: 3 });
  // @ts-expect-error unknown client option
  new XanoClient({ baseUrl: 'https://x', token: 't', scopeChecks: 'off' });
  // @ts-expect-error scopeCheck takes only its three values
  new XanoClient({ baseUrl: 'https://x', token: 't', scopeCheck: 'strict' });
  // @ts-expect-error iterate only takes paged operations
  xano.iterate('getWorkspace', {});
  // @ts-expect-error the params of an operation with required ones cannot be left out
  xano.pages('getWorkspaceFunction');
  // @ts-expect-error response fields are typed
  const n: string = (await xano.getWorkspaceTableContent({ workspace_id: 1, table_id: 1 })).curPage;
  // @ts-expect-error checkAccess returns an object, not a boolean
  const ok: boolean = checkAccess('t', 'getWorkspace');
  // @ts-expect-error the export answers an archive (a Blob), not JSON
  const exported: { [key: string]: unknown } = await xano.postWorkspaceExport({ workspace_id: 1 });
  // @ts-expect-error a timestamp is a number or a string, not only a string
  const created: string | undefined = (await xano.getWorkspaceTableByTableId({ workspace_id: 1, table_id: 1 })).created_at;
  // @ts-expect-error one table is an object, not pageable
  xano.iterate('getWorkspaceTableByTableId', { workspace_id: 1, table_id: 1 });
  // @ts-expect-error a token's kind is "metadata" | "oauth" | "jwt"
  const kind: 'pat' = decodeToken('t').kind;
  // @ts-expect-error a scope's name is null for a key the package does not know
  const name: string = decodeToken('t').scopes['x']!.name;
  // @ts-expect-error operation names are a union: a misspelt one fails tsc
  checkAccess('t', 'postWorkspaceTabel');
  // @ts-expect-error minimalScopes takes operation names
  minimalScopes(['getWorkspaceTabel']);
  // @ts-expect-error auditToken takes operation names
  auditToken('t', ['getEverything']);
  // @ts-expect-error with parseAs "stream" the answer is a stream, not the JSON page
  const streamed: { items?: unknown } = await xano.getWorkspaceTable({ workspace_id: 1 }, { parseAs: 'stream' });
  // @ts-expect-error parseAs takes only its forms
  await xano.getWorkspaceTable({ workspace_id: 1 }, { parseAs: 'xml' });
  // @ts-expect-error a misspelt option beside a valid one
  await xano.getWorkspace(undefined, { signal: new AbortController().signal, timeotMs: 5 });
  // @ts-expect-error options typed CallOptions may ask for a stream: the answer is not only the JSON
  const widened: GetWorkspaceTableResponse = await xano.getWorkspaceTable({ workspace_id: 1 }, {} as CallOptions);
  // @ts-expect-error pages are read as JSON: parseAs takes only "auto" and "json"
  xano.pages('getWorkspaceTable', { workspace_id: 1 }, { parseAs: 'blob' });
  // @ts-expect-error an export is a Blob, a File only when Xano names it
  const fileName: string = (await xano.postWorkspaceExport({ workspace_id: 1 })).name;
  void [n, ok, exported, created, kind, name, streamed, widened, fileName];
}
