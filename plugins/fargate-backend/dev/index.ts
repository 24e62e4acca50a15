/*
 * The standalone dev backend: `npm start -w plugins/fargate-backend` serves /api/fargate on
 * http://localhost:7007 with the simulated account (examples/sim-account.json) and the example specs
 * (examples/specs), so the plugin works with no AWS and no GitHub. Configuration: dev/app-config.yaml.
 *
 * Sign-in: the auth plugin with its guest provider is installed, so the frontend dev app's guest
 * sign-in gets a real user token (user:development/guest) that this backend accepts.
 *
 * Requests (POST /api/fargate/requests) need a GitHub API. Point the dev backend at a stand-in with
 *   FARGATE_GITHUB_API_URL=http://127.0.0.1:PORT   the API base URL of the stand-in
 *   FARGATE_GITHUB_TOKEN=any-token                   sent as `Authorization: token ...`
 *   FARGATE_SPECS_URL=https://github.com/OWNER/REPO  optional, default https://github.com/acme/fargate-specs
 * The stand-in must answer what the plugin calls: GET /repos/{o}/{r}/contents/{path}?ref=main (404 for a
 * new file; the file with its blob sha for a change or removal), GET /repos/{o}/{r}/pulls?head={o}:{branch}
 * (the open pull request of an identical request), GET /repos/{o}/{r}/git/ref/heads/main,
 * POST /repos/{o}/{r}/git/refs (422 when the branch exists), PATCH /repos/{o}/{r}/git/refs/heads/{branch}
 * (a leftover branch moved back), PUT or DELETE /repos/{o}/{r}/contents/{path}, POST /repos/{o}/{r}/pulls
 * (422 when the branch has an open one), POST /repos/{o}/{r}/issues/{n}/labels (DELETE
 * /repos/{o}/{r}/git/refs/heads/{branch} when the pull request cannot be opened), and for GET /requests
 * GET /repos/{o}/{r}/pulls, GET /repos/{o}/{r}/commits/{sha}/status, GET /repos/{o}/{r}/commits/{sha}/check-runs.
 * src/__testUtils__/githubStandIn.ts is such a stand-in (the browser test runs the dev backend against it).
 * Without FARGATE_GITHUB_API_URL, requests answer 501 (no specs repository configured).
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleTemplateKind } from './templateEntityKind';

if (process.env.FARGATE_GITHUB_API_URL) {
  process.env.FARGATE_SPECS_URL ??= 'https://github.com/acme/fargate-specs';
}

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('../src'));
// Backstage's catalog and scaffolder with this project's modules: profiles as catalog Resources, and
// the example template (examples/templates, registered in app-config) with the fargate:profile:request action.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(catalogModuleTemplateKind);
backend.add(import('@fargatekeeper/backstage-plugin-catalog-backend-module-fargate'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@fargatekeeper/backstage-plugin-scaffolder-backend-module-fargate'));
backend.start();
