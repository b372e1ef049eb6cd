"""The three roles, as Django group names. A data migration gives each group its permissions."""

STAFF = "Cán bộ nghiệp vụ"
LEADER = "Lãnh đạo"
ADMINISTRATOR = "Quản trị viên"
