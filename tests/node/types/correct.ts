// Uses the API as documented; must pass `tsc --strict`. Types are asserted by
// assignment, so a wrong type in the .d.ts fails here.
import {
  XanoClient, XanoAccountClient, XanoApiError, XanoScopeError, XanoError, operations, decodeToken, checkAccess, minimalScopes, auditToken,
  tokenReport, type TokenKind,
  type GetWorkspaceTableContentResponse, type GetWorkspaceTableResponse, type CallOptions, type PostWorkspaceTableParams, type OperationInfo, type JsonValue, type RetryEvent,
} from 'xano-meta';
import * as lazy from 'xano-meta/lazy';

/** The service-worker entry: the same API, with `ready` (every entry has it). */
export async function background(token: string): Promise<number> {
  const ready: Promise<void> = lazy.ready;
  await ready;
  const sameClass: typeof XanoClient = lazy.XanoClient;
  const page = await new sameClass({ baseUrl: 'https://x1.n7.xano.io/api:meta', token }).getWorkspaceTable({ workspace_id: 1 });
  return page.items?.length ?? 0;
}

export async function main(token: string): Promise<void> {
  const xano = new XanoClient({
    baseUrl: 'https://x1.n7.xano.io/api:meta',
    token,
    scopeCheck: 'enforce',
    timeoutMs: 30_000,
    retry: { attempts: 3 },
    rateLimit: { requests: 10, perSeconds: 20 },
    onRetry: (event: RetryEvent) => console.log(event.reason, event.delayMs),
  });
  const page = await xano.getWorkspaceTableContent({ workspace_id: 1, table_id: 2, 'x-data-source': 'test', page: 1 });
  const next: number | null | undefined = page.nextPage;
  const rows: JsonValue | undefined = page.items;
  const typed: GetWorkspaceTableContentResponse = page;
  const created = await xano.postWorkspaceTable({ workspace_id: 1, body: { name: 'books', auth: false } });
  const id: string | undefined = created.id; // the spec says a string
  // A body field the spec lacks, passed through at run time, compiles with a cast.
  await xano.postWorkspaceTable({ workspace_id: 1, body: { name: 'books', extra: 1 } as PostWorkspaceTableParams['body'] });
  await xano.postWorkspaceAddon({ workspace_id: 1, body: 'addon foo {}' });
  await xano.postWorkspaceFile({ workspace_id: 1, body: { content: new Blob(['x']), type: 'image' } }, { signal: new AbortController().signal });
  await xano.getAuthMe();
  const groups = await xano.getWorkspaceApigroup({ workspace_id: 1, sort: 'name', order: 'asc' });
  for await (const row of xano.iterate('getWorkspaceTableContent', { workspace_id: 1, table_id: 2 }, { maxPages: 10 })) {
    const value: JsonValue = row;
    void value;
  }
  for await (const p of xano.pages('getWorkspaceFunction', { workspace_id: 1 })) {
    const current: number | undefined = p.curPage;
    void current;
  }
  // No param is required: the params may be left out, as in `getAuditLog()`.
  for await (const p of xano.pages('getAuditLog')) void p.curPage;
  for await (const entry of xano.iterate('getAuditLog', undefined, { maxPages: 2 })) void entry;
  try {
    await xano.deleteWorkspaceTableByTableId({ workspace_id: 1, table_id: 2 });
  } catch (e) {
    if (e instanceof XanoScopeError) {
      const needed: string | null = e.permission;
      void needed;
    } else if (e instanceof XanoApiError) {
      const status: number = e.status;
      const code: string | null = e.code;
      void [status, code];
    } else if (e instanceof XanoError) {
      const attempts: number = e.attempts;
      void attempts;
    }
  }
  const all: OperationInfo[] = operations();
  const source: 'declared' | 'inferred' | 'unknown' = all[0]!.requirement.source;
  const info = decodeToken(token);
  const expires: number | null = info.expiresAt;
  const kind: TokenKind = info.kind;
  const words: string[] = info.scopeWords;
  const unknownKey: string | null = Object.values(info.scopes)[0]?.name ?? null;
  const report: boolean[] = tokenReport(token).access.map((c) => c.notYetValid);
  const access: 'allowed' | 'denied' | 'unknown' = checkAccess(token, 'getWorkspaceTable').access;
  // Operation names are checked by tsc; any client's names are accepted.
  void auditToken(token, ['getWorkspaceTable', 'getSnippet']);
  const minimal = minimalScopes(['getWorkspaceTable']).scopes.map((s) => `${s.name}: ${s.permissions.join(', ')}`);
  const account = new XanoAccountClient({ token, allowBrowserPat: true });
  const instances = await account.getInstance();
  void [next, rows, typed, id, groups, source, expires, kind, words, unknownKey, report, access, minimal, instances];
}

/** Where the spec is wrong, typed as Xano answers (the corrections in specs/corrections/). */
export async function corrected(xano: XanoClient): Promise<void> {
  const archive: Blob = await xano.postWorkspaceExport({ workspace_id: 1, body: { branch: 'v1' } });
  // `parseAs` types what the call resolves to.
  const stream: ReadableStream<Uint8Array> = await xano.postWorkspaceExport(
    { workspace_id: 1, body: { branch: 'v1' } },
    { parseAs: 'stream', onProgress: ({ loaded, total }) => void [loaded, total ?? 0] },
  );
  const raw: Response = await xano.getWorkspaceTable({ workspace_id: 1 }, { parseAs: 'response' });
  const bytes: ArrayBuffer = await xano.getWorkspaceTable({ workspace_id: 1 }, { parseAs: 'arrayBuffer' });
  // Options whose parseAs is not known when compiling: any form it could ask for.
  const options: CallOptions = { timeoutMs: 5_000 };
  const anyForm: GetWorkspaceTableResponse | ReadableStream<Uint8Array> | Response | Blob | ArrayBuffer | string =
    await xano.getWorkspaceTable({ workspace_id: 1 }, options);
  // An archive is a File when Xano names it (Content-Disposition); typed Blob, since it may not.
  const archiveName: string = archive instanceof File ? archive.name : 'backup.tar.gz';
  void [stream, raw, bytes, anyForm, archiveName];
  const script: string = await xano.getBetaWorkspaceMultidoc({ workspace_id: 1, branch: 'v1' });
  const tables = await xano.getWorkspaceTable({ workspace_id: 1, page: 2, per_page: 50 });
  const next: number | null | undefined = tables.nextPage;
  const created: number | string | undefined = tables.items?.[0]?.created_at;
  for await (const table of xano.iterate('getWorkspaceTable', { workspace_id: 1 })) {
    const name: string | undefined = table.name;
    void name;
  }
  const one = await xano.getWorkspaceTableByTableId({ workspace_id: 1, table_id: 2 });
  const updated: number | string | undefined = one.updated_at;
  const info = operations().find((o) => o.name === 'postWorkspaceExport');
  const kind: 'page' | 'array' | 'object' | 'any' | 'text' | 'binary' | undefined = info?.response;
  const why: string[] = (info?.corrections ?? []).map((c) => `${c.description} (${c.evidence})`);
  void [archive, script, next, created, updated, kind, why];
}
