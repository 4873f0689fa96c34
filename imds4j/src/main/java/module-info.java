/**
 * The imds4j IMDSv2 client. See {@link dev.imds4j}.
 */
module dev.imds4j {
    exports dev.imds4j;
}
