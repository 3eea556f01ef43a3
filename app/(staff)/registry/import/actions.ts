'use server';

import { revalidatePath } from 'next/cache';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { confirmInputSchema, confirmUpload, previewInputSchema, previewUpload, type ConfirmOutcome, type PreviewView } from '@/lib/registry/import/service';

/** What the import page shows after each step: a message, the preview to confirm, or the result with one-time passwords. */
export type ImportState = {
  message?: string;
  preview?: PreviewView;
  done?: Extract<ConfirmOutcome, { ok: true }>;
};

/** One action for both steps (the forms say which in `step`), so the page shows whatever happened last. */
export async function importStepAction(_prev: ImportState, formData: FormData): Promise<ImportState> {
  const user = await requireUser(['admin', 'secretary']);
  if (formData.get('step') === 'confirm') {
    const parsed = confirmInputSchema.safeParse({
      communityId: formData.get('communityId'),
      token: formData.get('token'),
      digest: formData.get('digest'),
      fileName: formData.get('fileName') ?? '',
    });
    if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? '预览已失效，请重新上传' };
    const result = await confirmUpload(appStore(), user, parsed.data);
    if (!result.ok) return { message: result.message, preview: result.view };
    revalidatePath('/org', 'layout');
    // The one-time passwords travel in this response only: they are stored nowhere but as hashes.
    return { done: result };
  }
  const parsed = previewInputSchema.safeParse({ communityId: formData.get('communityId') });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? '请选择社区' };
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0) return { message: '请选择要导入的 Excel 文件' };
  const result = await previewUpload(appStore(), user, parsed.data.communityId, file);
  return result.ok ? { preview: result.view } : { message: result.message };
}
