// The backend as @backstage/create-app writes it, trimmed to what the consumer test needs: the app
// (serving the production frontend build), sign-in with the guest provider, and the fargate plugin.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@fargatekeeper/backstage-plugin-fargate-backend'));

backend.start();
