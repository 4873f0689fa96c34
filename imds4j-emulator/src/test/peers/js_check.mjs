/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
// Reads the emulator at argv[2] with the JS SDK's MetadataService (@aws-sdk/ec2-metadata-service)
// and credential provider (@smithy/credential-provider-imds); prints one JSON object.
// Run by PeerSdkTest with AWS_EC2_METADATA_SERVICE_ENDPOINT set for the credential provider.
import { MetadataService } from "@aws-sdk/ec2-metadata-service";
import { fromInstanceMetadata } from "@smithy/credential-provider-imds";

const endpoint = process.argv[2];
const metadata = new MetadataService({ endpoint, httpOptions: { timeout: 5000 } });
const credentials = await fromInstanceMetadata({ timeout: 5000, maxRetries: 0 })();
console.log(JSON.stringify({
  instanceId: await metadata.request("/latest/meta-data/instance-id", {}),
  availabilityZone: await metadata.request("/latest/meta-data/placement/availability-zone", {}),
  latest: await metadata.request("/latest/", {}),
  accessKeyId: credentials.accessKeyId,
  expiration: credentials.expiration.toISOString(),
}));
