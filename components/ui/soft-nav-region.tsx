'use client';
// A box whose plain links navigate like next/link (the router's soft navigation: no full page load), through one click
// listener on the box instead of a client component per link. The statistics tables hold a few hundred links on a
// county's page; as <Link>s each was a client component to render on the server, serialise and hydrate.
import { useRouter } from 'next/navigation';
import type { HTMLAttributes, MouseEvent } from 'react';
import { softTarget } from '@/lib/http/soft-target';

export function SoftNavRegion({ children, ...rest }: HTMLAttributes<HTMLDivElement>) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const a = (event.target as Element).closest?.('a[href]') as HTMLAnchorElement | null;
    const to = softTarget(event, a && event.currentTarget.contains(a) ? a : null, window.location.origin);
    if (to === null) return;
    event.preventDefault();
    router.push(to);
  };
  return (
    <div {...rest} onClick={onClick}>
      {children}
    </div>
  );
}
