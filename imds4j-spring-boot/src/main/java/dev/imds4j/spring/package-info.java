/*
 * Copyright The imds4j Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * imds4j for Spring Boot 4: instance metadata, credentials and interruption notices in a Spring
 * Boot application, with nothing to configure on EC2 and nothing sent, no thread started and no
 * time spent off EC2.
 *
 * <p>Add {@code dev.imds4j:imds4j-spring-boot}; Spring Boot, Micrometer, the Actuator and the
 * AWS SDK are the application's own dependencies, and each feature applies only when its classes
 * are there:
 * <ul>
 *   <li>{@link dev.imds4j.spring.ImdsAutoConfiguration}: an {@link dev.imds4j.ImdsClient} bean
 *       from the {@code imds4j.*} properties ({@link dev.imds4j.spring.ImdsProperties}), built
 *       when first needed, closed with the context, replaceable by the application's own; and
 *       the {@code imds.*} properties (below), which off EC2 never build it.
 *   <li>{@link dev.imds4j.spring.ImdsMetricsAutoConfiguration}: Micrometer common tags from
 *       {@code imds4j.metrics.common-tags.<tag>=<imds key>}; none unless configured.
 *   <li>{@link dev.imds4j.spring.ImdsHealthAutoConfiguration}: the {@code imds} health
 *       indicator: IMDS reachable, token valid, credentials expiry; UNKNOWN, never DOWN, off EC2.
 *   <li>{@link dev.imds4j.spring.ImdsAwsSdkAutoConfiguration}: the {@code imds4j-aws-sdk-v2}
 *       credentials and region providers as beans, each only when asked for.
 *   <li>{@link dev.imds4j.spring.ImdsInterruptionAutoConfiguration}: spot interruption,
 *       rebalance recommendation, scheduled maintenance and auto scaling lifecycle notices as
 *       {@link dev.imds4j.spring.ImdsNoticeEvent}s, and optionally a graceful shutdown a lead
 *       time before the action.
 * </ul>
 *
 * <h2>The {@code imds.*} properties</h2>
 * Any path under {@code /latest/meta-data/}, with dots for slashes: {@code imds.instance-id},
 * {@code imds.instance-type}, {@code imds.placement.region}, {@code
 * imds.placement.availability-zone}, {@code imds.local-ipv4}, {@code imds.mac}, {@code
 * imds.spot.instance-action}. Also {@code imds.tags.<tag key>} (instance tags, when tag access is
 * on) and {@code imds.identity.<field>} from the identity document ({@code account-id}, {@code
 * region}, {@code availability-zone}, {@code instance-id}, {@code instance-type}, {@code
 * image-id}, {@code architecture}, {@code private-ip}, {@code pending-time}, ...).
 * <ul>
 *   <li>A value is read when first resolved and kept; values that change (under {@code spot},
 *       {@code events}, {@code autoscaling}, and {@code instance-action}) are read again after
 *       {@code imds4j.property-source.refresh-interval} (5 s).
 *   <li>Absent values, keys IMDS does not have, and everything off EC2 resolve to nothing at
 *       once, so {@code ${imds.instance-id:local}} gives {@code local} there. After a failed
 *       connection every key stays empty, without I/O, for a minute.
 *   <li>Credentials ({@code iam/security-credentials*}, {@code identity-credentials}) are never
 *       offered, and user data is not under {@code meta-data}.
 *   <li>The source is last in the environment: {@code imds.instance-id=local} anywhere else
 *       wins.
 *   <li>Names are resolved one at a time ({@code @Value}, placeholders, {@code
 *       Environment.getProperty}); the source lists none, so a bean annotated {@code
 *       ConfigurationProperties("imds")} is not bound from it.
 * </ul>
 *
 * <pre>{@code
 * # application.properties
 * spring.application.name=${imds.tags.Name:my-service}
 * imds4j.metrics.common-tags.instance=instance-id
 * imds4j.metrics.common-tags.az=placement.availability-zone
 * imds4j.interruption.enabled=true
 * imds4j.interruption.shutdown.enabled=true
 *
 * @Component
 * class Drain {
 *     @Value("${imds.placement.region:local}") String region;
 *
 *     @EventListener
 *     void onSpot(SpotInterruptionEvent event) {
 *         log.warn("spot {} at {}", event.notice().action(), event.actionTime().orElseThrow());
 *     }
 * }
 * }</pre>
 */
package dev.imds4j.spring;
