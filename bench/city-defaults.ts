// bench/city.ts's defaults for the load test, set before bench/load.ts reads its environment: no pause between
// requests (a saturation test), because a throughput ratio between one and two servers means something only when
// the clients wait on the servers, not on their own think time. BENCH_THINK_MS=1000-4000 measures the quiet mix.
process.env.BENCH_THINK_MS ??= '0';
process.env.BENCH_SECONDS ??= '30';

export {};
