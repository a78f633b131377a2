// A client interceptor that seals every opening, Update and signal a test sends straight to
// Temporal, as the API and the case worker seal theirs, so the workflow tests drive cases the way
// they always did. A message that already carries a seal (or a forgery) is sent as it is.
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { sealMessage } from '../../access/message-seal.ts';
import type { Keyring } from '../../infra/keyring.ts';

function sealed(keys: Keyring, caseId: string, name: string, args: unknown[]): unknown[] {
  return args.length === 1 ? [args[0], sealMessage(keys, { caseId, name, content: args[0] })] : args;
}

export function sealingInterceptor(keys: Keyring): WorkflowClientInterceptor {
  return {
    startWithDetails: (input, next) =>
      next({
        ...input,
        options: { ...input.options, args: sealed(keys, input.options.workflowId, input.workflowType, input.options.args) },
      }),
    startUpdate: (input, next) => next({ ...input, args: sealed(keys, input.workflowExecution.workflowId, input.updateName, input.args) }),
    signal: (input, next) => next({ ...input, args: sealed(keys, input.workflowExecution.workflowId, input.signalName, input.args) }),
    signalWithStart: (input, next) => {
      const { workflowId } = input.options;
      return next({
        ...input,
        options: { ...input.options, args: sealed(keys, workflowId, input.workflowType, input.options.args) },
        signalArgs: sealed(keys, workflowId, input.signalName, input.signalArgs),
      });
    },
  };
}
