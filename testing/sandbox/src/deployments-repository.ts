import type { EmulatedProject } from '@auto-promote/emulators';
import { tagForEnvironment } from './image-tag-style';

export const SANDBOX_PROJECT = 'p2c/k8s-deployments';
export const ENVIRONMENTS = ['dev', 'stage', 'prod'] as const;

/** The three apps of the sandbox, with the image each runs and the commit its current build came from. */
export const SANDBOX_APPS = [
  { app: 'exampleApp', image: 'example-app', port: 8080, build: '1.0.42-abc1234' },
  { app: 'postgres', image: 'postgres', port: 5432, build: '16.4.0-def5678' },
  { app: 'apiGateway', image: 'api-gateway', port: 8443, build: '2.3.1-9a8b7c6' },
] as const;

export const manifestPath = (app: string): string => `manifests/${app}/${app}.yaml`;

/** A generated manifest as the real repository holds them: a Deployment and its Service. */
export function appManifest(
  app: string,
  image: string,
  tag: string,
  port: number,
  environment: string,
): string {
  return `# Generated from env.cue for ${environment}; do not edit by hand.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${image}
  namespace: ${environment}
  labels:
    app: ${image}
spec:
  replicas: ${environment === 'prod' ? 3 : 1}
  selector:
    matchLabels:
      app: ${image}
  template:
    metadata:
      labels:
        app: ${image}
    spec:
      containers:
        - name: ${image}
          image: registry.example.com:5000/p2c/${image}:${tag}
          ports:
            - containerPort: ${port}
        - name: log-shipper
          image: registry.example.com:5000/platform/fluent-bit:3.1.9
---
apiVersion: v1
kind: Service
metadata:
  name: ${image}
  namespace: ${environment}
spec:
  selector:
    app: ${image}
  ports:
    - port: ${port}
`;
}

function envCue(environment: string): string {
  return `package deployments

environment: "${environment}"
namespace:   "${environment}"
replicas:    ${environment === 'prod' ? 3 : 1}
`;
}

/**
 * Seeds a realistic deployments repository: `main` with the shared schema, and one branch per
 * environment with its env.cue and the generated manifests, image tags in that environment's style.
 */
export async function seedDeploymentsRepository(project: EmulatedProject): Promise<void> {
  await project.commit({
    branch: 'main',
    message: 'Initial deployments repository',
    files: {
      'README.md': '# k8s-deployments\n\nOne branch per environment: dev, stage, prod.\n',
      'schema/deployments.cue': 'package deployments\n\nenvironment: "dev" | "stage" | "prod"\n',
    },
  });
  for (const environment of ENVIRONMENTS) {
    const files: Record<string, string> = { 'env.cue': envCue(environment) };
    for (const { app, image, port, build } of SANDBOX_APPS) {
      files[manifestPath(app)] = appManifest(
        app,
        image,
        tagForEnvironment(build, environment),
        port,
        environment,
      );
    }
    await project.commit({
      branch: environment,
      startBranch: 'main',
      message: `Generate ${environment}`,
      files,
    });
  }
}
