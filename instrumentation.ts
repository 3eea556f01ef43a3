// Server start-up hook: closes resolved cases whose 7-day rating window has passed, every few minutes — in one
// process only when several serve the port (lib/http/cluster.ts).

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { runsJobs } = await import('./lib/http/cluster');
  if (!runsJobs()) return;
  const { startJobs } = await import('./lib/jobs/scheduler');
  startJobs();
}
