import { createRouteRef } from '@backstage/core-plugin-api';

/** The `/fargate` page (mounted wherever the app puts it). */
export const rootRouteRef = createRouteRef({ id: 'fargate' });
