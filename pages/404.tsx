// "Not found" for the script-free public pages (an unknown community): the same words as app/not-found.tsx, without scripts.
import { PublicHead } from '@/components/public/page-head';
import { NotFoundBody } from '@/components/ui/not-found-body';

export const config = { unstable_runtimeJS: false };

export default function PublicNotFound() {
  return (
    <NotFoundBody>
      <PublicHead title="页面不存在" />
    </NotFoundBody>
  );
}
