// One jest run over every workspace: each workspace contributes a project.
module.exports = {
  projects: [
    '<rootDir>/packages/core',
    '<rootDir>/packages/cli',
    '<rootDir>/packages/action',
    '<rootDir>/plugins/fargate-common',
    '<rootDir>/plugins/fargate-node',
    '<rootDir>/plugins/fargate-backend',
    '<rootDir>/plugins/fargate',
    '<rootDir>/plugins/scaffolder-backend-module-fargate',
    '<rootDir>/plugins/catalog-backend-module-fargate',
    '<rootDir>/test/scripts',
    '<rootDir>/test/packaging',
    '<rootDir>/test/replicas',
  ],
};
