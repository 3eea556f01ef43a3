// Server start-up hook: closes resolved cases whose 7-day rating window has passed, every few minutes.

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.YINGHUO_JOBS === 'off') return;
  const { startJobs } = await import('./lib/jobs/scheduler');
  startJobs();
}
