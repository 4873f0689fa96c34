# Copyright The imds4j Authors
# SPDX-License-Identifier: Apache-2.0
"""Reads the emulator at argv[1] with botocore's own IMDS fetchers; prints one JSON object.

Run by PeerSdkTest. botocore asks for placement/availability-zone/ (a trailing slash) for the
region and walks iam/security-credentials/ for the role, so both must answer as real IMDS does.
"""
import json
import sys

import botocore
from botocore.utils import InstanceMetadataFetcher, InstanceMetadataRegionFetcher

endpoint = sys.argv[1]
config = {"ec2_metadata_service_endpoint": endpoint}
region = InstanceMetadataRegionFetcher(
    timeout=5, num_attempts=1, config=config).retrieve_region()
credentials = InstanceMetadataFetcher(
    timeout=5, num_attempts=1, config=config).retrieve_iam_role_credentials()
print(json.dumps({
    "botocore": botocore.__version__,
    "region": region,
    "role": credentials.get("role_name"),
    "accessKeyId": credentials.get("access_key"),
    "expiry": credentials.get("expiry_time"),
}))
