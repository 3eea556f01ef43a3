// The import as the page uses it: which communities a user may import into, upload → preview, and confirm, each checked for role and scope.
// The upload waits between the two steps in the shared store (uploads.ts), so the steps may land on different servers.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb, Store } from '@/db/store';
import { orgNodes } from '@/db/tables';
import type { CurrentUser } from '@/lib/auth/current-user';
import { withinScope } from '@/lib/auth/scope-sql';
import { photoStore } from '@/lib/cases/photos';
import type { BlobStore } from '@/lib/storage/blob-store';
import { confirmImport, type IssuedPassword } from './apply';
import { IMPORTER_ROLES, planImport, planIsEmpty, type Preview } from './plan';
import { fileKindProblem, MAX_IMPORT_BYTES, WORKBOOK_GONE } from './read-workbook';
import { consumeStagedUpload, discardStagedUpload, findStagedUpload, stageUpload, stagedWorkbook } from './uploads';

/** The page shows this many refused rows; the counts still cover all of them. */
export const SHOWN_REJECTIONS = 500;

export const previewInputSchema = z.object({
  communityId: z.coerce.number({ message: '请选择社区' }).int({ message: '请选择社区' }).positive({ message: '请选择社区' }),
});
export const confirmInputSchema = previewInputSchema.extend({
  token: z.string().regex(/^[A-Za-z0-9_-]{32}$/, { message: '上传已失效，请重新上传' }),
  digest: z.string().regex(/^[0-9a-f]{32}$/, { message: '预览已失效，请重新上传' }),
  fileName: z.string().max(200).default(''),
});

export type PreviewView = Omit<Preview, 'rejections'> & {
  rejections: Preview['rejections'];
  hiddenRejections: number;
  token: string;
  fileName: string;
  empty: boolean;
};

function isImporter(user: CurrentUser): boolean {
  return (IMPORTER_ROLES as readonly string[]).includes(user.role);
}

/** The communities within the user's scope that still take changes, for the page's choice. */
export async function importCommunities(db: AppDb, user: CurrentUser): Promise<{ id: number; name: string }[]> {
  if (!isImporter(user)) return [];
  return db
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt), withinScope(orgNodes.path, user.scope)))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
}

function view(preview: Preview, token: string, fileName: string): PreviewView {
  return {
    ...preview,
    rejections: preview.rejections.slice(0, SHOWN_REJECTIONS),
    hiddenRejections: Math.max(0, preview.rejections.length - SHOWN_REJECTIONS),
    token,
    fileName,
    empty: planIsEmpty(preview),
  };
}

export type PreviewOutcome = { ok: true; view: PreviewView } | { ok: false; message: string };

/**
 * Checks the upload (size and kind before anything is stored), stages it in the shared store (`blobs`, the photo
 * store by default), and plans it. Writes nothing to the registry.
 */
export async function previewUpload(store: Store, user: CurrentUser, communityId: number, upload: File, blobs: BlobStore = photoStore()): Promise<PreviewOutcome> {
  if (!isImporter(user)) return { ok: false, message: '您无权导入台账' };
  if (upload.size > MAX_IMPORT_BYTES) return { ok: false, message: fileKindProblem(new Uint8Array(8), upload.size)! };
  if (!/\.xlsx$/i.test(upload.name)) return { ok: false, message: '请上传 .xlsx 格式的 Excel 文件（WPS 或 Excel 中“另存为 .xlsx”）' };
  const bytes = new Uint8Array(await upload.arrayBuffer());
  const kind = fileKindProblem(bytes.subarray(0, 8), bytes.length);
  if (kind) return { ok: false, message: kind };
  const staged = await stageUpload(store, blobs, user.id, bytes);
  const planned = await planImport(store.db, user, communityId, stagedWorkbook(blobs, staged));
  if (!planned.ok) {
    await discardStagedUpload(store, blobs, staged);
    return planned;
  }
  return { ok: true, view: view(planned.preview, staged.token, upload.name.slice(0, 200)) };
}

export type ConfirmOutcome =
  | { ok: true; records: Preview['records']; newBuildings: number; community: Preview['community']; issued: IssuedPassword[] }
  | { ok: false; message: string; view?: PreviewView };

/**
 * Plans the staged upload again and writes it when it still plans what was previewed; the upload is removed once
 * written. Any server may confirm what another previewed (the upload is in the shared store). Two confirmations at
 * once (a double click, two tabs, two servers) write once: the write consumes the upload's row (uploads.ts), and
 * the other finds it gone.
 */
export async function confirmUpload(store: Store, user: CurrentUser, input: z.infer<typeof confirmInputSchema>, blobs: BlobStore = photoStore()): Promise<ConfirmOutcome> {
  if (!isImporter(user)) return { ok: false, message: '您无权导入台账' };
  const staged = await findStagedUpload(store.db, user.id, input.token);
  if (!staged) return { ok: false, message: WORKBOOK_GONE };
  const result = await confirmImport(store, user, input.communityId, stagedWorkbook(blobs, staged), input.digest, {
    fileName: input.fileName,
    claim: (tx) => consumeStagedUpload(tx, user.id, staged.token),
  });
  if (!result.ok) return { ok: false, message: result.message, view: result.preview ? view(result.preview, input.token, input.fileName) : undefined };
  await discardStagedUpload(store, blobs, staged);
  return { ok: true, records: result.preview.records, newBuildings: result.preview.newBuildings.length, community: result.preview.community, issued: result.issued };
}
