package io.spate.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Group consumer tests share one node per class; every member a test makes is closed after it. */
abstract class GroupNodeTest {
    @TempDir
    static Path dataDir;
    static GroupNode node;
    final List<GroupMember> members = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = new GroupNode(dataDir);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void closeMembers() {
        members.forEach(GroupMember::close);
    }

    GroupMember member(String name, ConsumerConfig config) {
        GroupMember m = new GroupMember(name, config);
        members.add(m);
        return m;
    }
}
