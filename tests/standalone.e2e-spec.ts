import { pipelineSuite } from './support/pipeline-suite';
import { standaloneShape } from './support/standalone-process';

pipelineSuite('standalone', standaloneShape);
