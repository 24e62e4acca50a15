"""moto's server with the gaps fargatekeeper's tests meet filled in, and a CPU-time header.

Usage: python3 moto_server.py HOST PORT [--eks-quota N]

- moto 5's EKS tags only clusters: TagResource / UntagResource / ListTagsForResource on a Fargate
  profile ARN answer ResourceNotFoundException, so retag and adopt could not be tested. Here they
  find profiles (and node groups) by ARN as EKS does.
- moto's Service Quotas knows only `vpc` codes; GetAWSDefaultServiceQuota is not implemented at all
  (it answers 5xx). With --eks-quota N it answers N for EKS's "Fargate profiles per cluster"
  (L-33415657) and NoSuchResource for other codes, as for a quota never changed. Without the flag
  moto's own behaviour stays, which is what the moto bench measures.
- AWS managed policies: moto loads none by default (attaching AmazonEKSFargatePodExecutionRolePolicy
  fails) or all ~1,000 with MOTO_IAM_LOAD_MANAGED_POLICIES (2 s per account); here it has the one
  fargatekeeper attaches.
- Every response carries `x-moto-cpu-us`: the CPU time moto spent on the request (its thread's, so
  not the wait for Python's lock when requests overlap). moto serves one request at a time in effect,
  so the sum over a run is a lower bound on its wall time (the moto bench uses it).
"""

import json
import sys
import time

from moto import server
from moto.eks import models as eks_models
from moto.eks.exceptions import ResourceNotFoundException
from moto.iam import models as iam_models
from moto.moto_server import werkzeug_app
from moto.servicequotas import responses as quota_responses
from moto.servicequotas.exceptions import NoSuchResource

FARGATE_PROFILES_QUOTA_CODE = "L-33415657"
MANAGED_POLICIES = ["AmazonEKSFargatePodExecutionRolePolicy"]


def taggable(backend, arn):
    for cluster in backend.clusters.values():
        if cluster.arn == arn:
            return cluster
        for profile in cluster.fargate_profiles.values():
            if profile.fargate_profile_arn == arn:
                return profile
        for nodegroup in cluster.nodegroups.values():
            if nodegroup.arn == arn:
                return nodegroup
    raise ResourceNotFoundException(
        clusterName=None,
        nodegroupName=None,
        fargateProfileName=None,
        addonName=None,
        message="Resource was not found",
    )


def tag_resource(self, resource_arn, tags):
    taggable(self, resource_arn).tags.update(tags)


def untag_resource(self, resource_arn, tag_keys):
    target = taggable(self, resource_arn)
    for key in tag_keys if isinstance(tag_keys, list) else [tag_keys]:
        target.tags.pop(key, None)


def list_tags_for_resource(self, resource_arn):
    return taggable(self, resource_arn).tags


eks_models.EKSBackend.tag_resource = tag_resource
eks_models.EKSBackend.untag_resource = untag_resource
eks_models.EKSBackend.list_tags_for_resource = list_tags_for_resource


def managed_policies(self):
    data = json.loads(iam_models.aws_managed_policies_data)
    return [
        iam_models.AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data[name])
        for name in MANAGED_POLICIES
    ]


iam_models.IAMBackend._init_aws_policies = managed_policies


def with_eks_quota(value):
    def quota(service_code, quota_code):
        return {
            "ServiceCode": service_code,
            "ServiceName": "Amazon Elastic Kubernetes Service (Amazon EKS)",
            "QuotaCode": quota_code,
            "QuotaName": "Fargate profiles per cluster",
            "Value": float(value),
            "Unit": "None",
            "Adjustable": True,
            "GlobalQuota": False,
        }

    def get_aws_default_service_quota(self):
        params = json.loads(self.body)
        service_code, quota_code = str(params.get("ServiceCode")), str(params.get("QuotaCode"))
        if service_code != "eks" or quota_code != FARGATE_PROFILES_QUOTA_CODE:
            raise NoSuchResource
        return json.dumps({"Quota": quota(service_code, quota_code)})

    quota_responses.ServiceQuotasResponse.get_aws_default_service_quota = get_aws_default_service_quota


dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def timed(self, environ, start_response):
    started = time.thread_time()

    # moto builds the whole response before it starts it: by then the request's work is done.
    def start(status, headers, exc_info=None):
        cpu = ("x-moto-cpu-us", str(round((time.thread_time() - started) * 1e6)))
        return start_response(status, [*headers, cpu], exc_info)

    return dispatch(self, environ, start)


werkzeug_app.DomainDispatcherApplication.__call__ = timed


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--eks-quota"):
        sys.exit(__doc__)
    if len(argv) == 4:
        with_eks_quota(int(argv[3]))
    server.main(["-H", argv[0], "-p", argv[1]])


if __name__ == "__main__":
    main(sys.argv[1:])
