'use client';
// Marks the open case's notifications read once the page is really shown (a POST, never a prefetch).
import { useEffect } from 'react';
import { markCaseSeenAction } from '@/app/(staff)/cases/[number]/actions';

export function MarkSeen({ number }: { number: string }) {
  useEffect(() => {
    void markCaseSeenAction(number);
  }, [number]);
  return null;
}
