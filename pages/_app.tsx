// The Pages Router's shell, used only by the residents' script-free public pages (why: pages/_document.tsx).
import type { AppProps } from 'next/app';
import Head from 'next/head';
import '../app/globals.css';

export default function PublicApp({ Component, pageProps }: AppProps) {
  return (
    <>
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Component {...pageProps} />
    </>
  );
}
