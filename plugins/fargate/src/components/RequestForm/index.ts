export { RequestForm, type ChangeTarget } from './RequestForm';
export { ChangeRequestDialog } from './ChangeRequestDialog';
export { PlanPreview } from './PlanPreview';
export { SubmittedRequest } from './SubmittedRequest';
