// One jest run over every workspace: each workspace contributes a project.
module.exports = {
  projects: [
    '<rootDir>/packages/core',
    '<rootDir>/packages/cli',
    '<rootDir>/packages/action',
    '<rootDir>/plugins/fargate-common',
    '<rootDir>/plugins/fargate-backend',
    '<rootDir>/plugins/fargate',
  ],
};
