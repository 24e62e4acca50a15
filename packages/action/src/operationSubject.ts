import { subjectLabel, type Operation } from '@fargatekeeper/core';

/** `prod-eu replace payments-jobs-1a → payments-jobs-2b`: cluster, operation, what it works on (log lines, failure reports). */
export const operationSubject = (o: Operation): string => `${o.cluster} ${o.op} ${subjectLabel(o)}`;
