"use client";

import { useParams } from "next/navigation";
import { GroupDetail } from "@/components/features/groups/group-detail";

export default function GroupPage() {
  const { groupId } = useParams<{ groupId: string }>();
  return <GroupDetail key={groupId} groupId={groupId} />;
}
