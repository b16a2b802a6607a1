// The ceiling (ceiling.ts) in a process of its own, as the benchmark's load generator reaches it.
import { createCeiling } from './ceiling.js';

const fastify = await createCeiling();
await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void fastify.close().then(() => process.exit(0)));
