import { pipelineSuite } from './support/pipeline-suite';
import { startStandalone } from './support/standalone-process';

pipelineSuite('standalone', async (config, home) => {
  const orgo = await startStandalone(config, home);
  return {
    url: orgo.url,
    output: orgo.output,
    stop: async () => {
      orgo.child.kill('SIGTERM');
      await orgo.exited;
    },
  };
});
