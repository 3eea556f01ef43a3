// The <head> of a script-free public page (pages/): its title in the app's "… · 萤火" form.
import Head from 'next/head';

export function PublicHead({ title, noIndex = false }: { title: string; noIndex?: boolean }) {
  return (
    <Head>
      <title>{`${title} · 萤火`}</title>
      {noIndex && <meta name="robots" content="noindex, nofollow" />}
    </Head>
  );
}

