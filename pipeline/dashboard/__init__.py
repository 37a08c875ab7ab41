"""A static dashboard over the marts: overview, 三公, one page per department and year, data dictionary."""
from pipeline.dashboard.build import DashboardResult, build_dashboard

__all__ = ["DashboardResult", "build_dashboard"]
