import { MissingAnnotationEmptyState, useEntity } from '@backstage/plugin-catalog-react';
import { FARGATE_CLUSTER_ANNOTATION, clusterNameOf } from '../../entity';
import { FargateProfilesCard } from '../FargateProfilesCard';

/** Entity page card: the Fargate profiles of the cluster the current entity stands for. */
export function EntityFargateProfilesCard(props: { title?: string }) {
  const { entity } = useEntity();
  const cluster = clusterNameOf(entity);
  if (!cluster) return <MissingAnnotationEmptyState annotation={FARGATE_CLUSTER_ANNOTATION} />;
  return <FargateProfilesCard cluster={cluster} title={props.title} />;
}
