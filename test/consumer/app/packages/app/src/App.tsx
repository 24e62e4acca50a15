// The app as @backstage/create-app writes it (new frontend system). The fargate plugin is not listed
// here: `app.packages: all` in app-config.yaml discovers it from this package's dependencies.
import { createApp } from '@backstage/frontend-defaults';
import { navModule } from './modules/nav';

export default createApp({
  features: [navModule],
});
