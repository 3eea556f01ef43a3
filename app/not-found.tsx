import { NotFoundBody } from '@/components/ui/not-found-body';

export default function NotFound() {
  return <NotFoundBody />;
}
